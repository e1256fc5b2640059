"""InsightFace as a peer for `npm run bench:peers`: find and embed the faces in sets of photos, timed.

    python insightface_detect.py --models DIR --set NAME=LIST [--set ...] [--det-size N ...] [--jobs N] --out RESULT.json

InsightFace's FaceAnalysis (the engine Immich's machine learning runs) with the detector and recogniser facetag's
default pack uses, loaded from DIR (../shared/models): scrfd_500m_kps.onnx (SCRFD-0.5G, byte-identical to buffalo_s'
det_500m.onnx) and w600k_mbf_int8.onnx (buffalo_s' MobileFaceNet, int8). FaceAnalysis is given a private folder that
holds links to those two files and nothing else, so it never looks for, or downloads, a model pack.

For each --det-size (default 640, FaceAnalysis' usual size, and 1920, facetag's): --jobs worker processes (default 1),
each with one FaceAnalysis whose onnxruntime sessions and OpenCV use one thread, as facetag runs one single-threaded
session per worker thread. The models are loaded and the detector's session for that size is made before the clock
starts. Then each --set (NAME=LIST, LIST a file of photo paths, one a line) is timed on its own: cv2.imread (EXIF
orientation applied), then app.get (SCRFD at det_thresh 0.5 on the photo fitted into det_size x det_size, then a 5-point
alignment and a 512-d embedding per face).

RESULT.json (format 1): versions, models, jobs, and per det size the load time and per set the seconds and, per
photo, its size, error and faces (box as x, y, w, h in pixels, detection score). Progress goes to stderr.
"""

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
import warnings

# InsightFace 2.1's alignment calls a scikit-image method that 0.26 deprecates; the warning would repeat per face.
warnings.filterwarnings("ignore", category=FutureWarning, module="insightface")

import_started = time.perf_counter()
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import insightface  # noqa: E402
from insightface.app import FaceAnalysis  # noqa: E402

import_seconds = time.perf_counter() - import_started

MODELS = {"detection": "scrfd_500m_kps.onnx", "recognition": "w600k_mbf_int8.onnx"}
DET_THRESH = 0.5  # FaceAnalysis' default, also Immich's default minimum score

_app = None  # the worker's FaceAnalysis, made by _load


def linked_model_dir(models):
    """A private folder with links to exactly the two ONNX files, for FaceAnalysis(name=folder)."""
    folder = tempfile.mkdtemp(prefix="facetag-insightface-")
    for file in MODELS.values():
        source = os.path.join(models, file)
        if not os.path.isfile(source):
            raise SystemExit(f"insightface_detect: {source} not found (the models of ../shared/models)")
        os.symlink(os.path.abspath(source), os.path.join(folder, file))
    return folder


def _load(folder, det_size, ready):
    try:
        _make_app(folder, det_size)
    except BaseException:
        ready.abort()  # the main process stops waiting and reports the error instead of hanging
        raise
    ready.wait()


def _make_app(folder, det_size):
    global _app
    cv2.setNumThreads(1)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    app = FaceAnalysis(name=folder, providers=["CPUExecutionProvider"], sess_options=options)
    found = {task: os.path.basename(model.model_file) for task, model in app.models.items()}
    if found != MODELS:
        raise RuntimeError(f"FaceAnalysis routed the models as {found}, expected {MODELS}")
    app.prepare(ctx_id=-1, det_thresh=DET_THRESH, det_size=(det_size, det_size))
    # SCRFD makes a session per input size on first use: make it now, outside the timed loop.
    app.get(np.zeros((det_size, det_size, 3), dtype=np.uint8))
    _app = app


def analyse(path):
    try:
        image = cv2.imread(path)
        if image is None:
            raise ValueError("OpenCV cannot read it")
        height, width = image.shape[:2]
        faces = []
        for face in _app.get(image):
            x1, y1, x2, y2 = (float(v) for v in face.bbox)
            if face.embedding is None or face.embedding.shape != (512,):
                raise RuntimeError("a face without a 512-d embedding")
            faces.append({"box": [x1, y1, x2 - x1, y2 - y1], "score": float(face.det_score)})
        return {"path": path, "width": width, "height": height, "error": None, "faces": faces}
    except Exception as error:  # a photo that cannot be read counts as an error, as in facetag
        return {"path": path, "width": None, "height": None, "error": f"{type(error).__name__}: {error}", "faces": []}


def photo_set(text):
    name, sep, listing = text.partition("=")
    if not sep or not name or not listing:
        raise argparse.ArgumentTypeError(f"expected NAME=LIST, got {text!r}")
    with open(listing, encoding="utf-8") as f:
        return name, [line.rstrip("\n") for line in f if line.strip()]


def run_size(folder, det_size, sets, jobs):
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(jobs + 1)
    started = time.perf_counter()
    pool = context.Pool(processes=jobs, initializer=_load, initargs=(folder, det_size, ready))
    try:
        try:
            ready.wait(timeout=600)
        except threading.BrokenBarrierError:
            raise SystemExit(f"insightface_detect: a worker could not load FaceAnalysis at det size {det_size} (its error is above)")
        load_seconds = time.perf_counter() - started
        timed = []
        for name, paths in sets:
            t = time.perf_counter()
            photos = list(pool.imap(analyse, paths, chunksize=1))
            seconds = time.perf_counter() - t
            faces = sum(len(p["faces"]) for p in photos)
            print(f"insightface: det {det_size}, {jobs} processes, {name}: {len(photos)} photos, {faces} faces, {len(photos) / seconds:.2f} images/s",
                  file=sys.stderr, flush=True)
            timed.append({"name": name, "seconds": seconds, "photos": photos})
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    return {"det_size": det_size, "load_seconds": load_seconds, "sets": timed}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", required=True, help="folder holding " + " and ".join(MODELS.values()))
    parser.add_argument("--set", type=photo_set, action="append", required=True, dest="sets", help="NAME=LIST (repeatable)")
    parser.add_argument("--det-size", type=int, action="append", dest="det_sizes", help="detector input size (repeatable; default 640 and 1920)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes, one thread each (default 1)")
    parser.add_argument("--out", required=True, help="where the JSON result goes")
    args = parser.parse_args()
    det_sizes = args.det_sizes or [640, 1920]
    if any(size < 32 or size % 32 for size in det_sizes):
        parser.error(f"--det-size must be a multiple of 32 (SCRFD's largest stride), got {det_sizes}")

    folder = linked_model_dir(args.models)
    try:
        runs = [run_size(folder, size, args.sets, max(1, args.jobs)) for size in det_sizes]
    finally:
        for file in MODELS.values():
            os.unlink(os.path.join(folder, file))
        os.rmdir(folder)

    result = {
        "format": 1,
        "peer": "insightface",
        "versions": {
            "insightface": insightface.__version__,
            "onnxruntime": onnxruntime.__version__,
            "opencv": cv2.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "models": MODELS,
        "det_thresh": DET_THRESH,
        "jobs": max(1, args.jobs),
        "import_seconds": import_seconds,
        "runs": runs,
        "peak_rss_mib": {
            "main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "largest_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        },
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
