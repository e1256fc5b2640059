"""face_recognition as a peer for `npm run bench:peers`: find, encode and cluster the faces in a list of photos.

    python face_recognition_cluster.py --photos LIST --out RESULT.json [--jobs N] [--dbscan EPS:MIN_SAMPLES ...]

LIST holds one photo path per line. Each photo is read with face_recognition.load_image_file, its faces are found
with face_locations(model="hog") (the CPU detector; 1 upsample, the library's default) and encoded with
face_encodings (128-d dlib ResNet, 1 jitter, 5-point alignment: the defaults). The encodings of all photos are then
clustered with scikit-learn's DBSCAN on euclidean distance, the approach of the "Face clustering with Python"
guide that face_recognition's README links to, which keeps DBSCAN's defaults (eps 0.5, min_samples 5).
Several --dbscan settings can be given: the encodings are made once and clustered once per setting.

RESULT.json (format 1): photos (path, width, height, error), faces (path, box as top/right/bottom/left in pixels,
one cluster label per clustering; -1 is DBSCAN's noise, i.e. no cluster), clusterings (eps, min_samples, seconds),
timing and peak memory. Progress goes to stderr.
"""

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
import warnings

# face_recognition_models imports pkg_resources, which warns about its own deprecation on every import.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")

import_started = time.perf_counter()
import dlib  # noqa: E402
import face_recognition  # noqa: E402  (loads the detector, the shape predictor and the encoder)
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import DBSCAN  # noqa: E402

import_seconds = time.perf_counter() - import_started

DETECTOR = "hog"
UPSAMPLE = 1


def dbscan_setting(text):
    try:
        eps, min_samples = text.split(":")
        setting = {"eps": float(eps), "min_samples": int(min_samples)}
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected EPS:MIN_SAMPLES such as 0.5:5, got {text!r}")
    if setting["eps"] <= 0 or setting["min_samples"] < 1:
        raise argparse.ArgumentTypeError(f"eps must be > 0 and min_samples >= 1, got {text!r}")
    return setting


def analyse(path):
    """Faces of one photo: (path, width, height, [(box, encoding)], error)."""
    try:
        image = face_recognition.load_image_file(path)
        height, width = image.shape[:2]
        boxes = face_recognition.face_locations(image, number_of_times_to_upsample=UPSAMPLE, model=DETECTOR)
        encodings = face_recognition.face_encodings(image, known_face_locations=boxes)
        return path, width, height, [(list(map(int, b)), e.astype(np.float64)) for b, e in zip(boxes, encodings)], None
    except Exception as error:  # a photo that cannot be read counts as an error, as in facetag
        return path, None, None, [], f"{type(error).__name__}: {error}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", required=True, help="file with one photo path per line")
    parser.add_argument("--out", required=True, help="where the JSON result goes")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: every core)")
    parser.add_argument("--dbscan", type=dbscan_setting, action="append", help="EPS:MIN_SAMPLES (repeatable; default 0.5:5)")
    args = parser.parse_args()
    settings = args.dbscan or [{"eps": 0.5, "min_samples": 5}]

    with open(args.photos, encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]

    started = time.perf_counter()
    results = []
    # fork: the workers share the models face_recognition loaded on import instead of loading them again.
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=max(1, args.jobs)) as pool:
        for i, result in enumerate(pool.imap(analyse, paths, chunksize=4), 1):
            results.append(result)
            if i % 100 == 0 or i == len(paths):
                rate = i / (time.perf_counter() - started)
                print(f"face_recognition: {i}/{len(paths)} photos, {rate:.2f} images/s", file=sys.stderr, flush=True)
        pool.close()
        pool.join()
    analyse_seconds = time.perf_counter() - started

    photos, faces, encodings = [], [], []
    for path, width, height, found, error in results:
        photos.append({"path": path, "width": width, "height": height, "error": error})
        for box, encoding in found:
            faces.append({"path": path, "box": box, "labels": []})
            encodings.append(encoding)

    clusterings = []
    matrix = np.array(encodings, dtype=np.float64).reshape(len(encodings), 128)
    for setting in settings:
        t = time.perf_counter()
        if len(encodings) > 0:
            labels = DBSCAN(eps=setting["eps"], min_samples=setting["min_samples"], metric="euclidean", n_jobs=args.jobs).fit(matrix).labels_
        else:
            labels = np.array([], dtype=int)
        seconds = time.perf_counter() - t
        for face, label in zip(faces, labels):
            face["labels"].append(int(label))
        clusterings.append({**setting, "seconds": seconds})

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest worker
    result = {
        "format": 1,
        "peer": "face_recognition",
        "versions": {
            "face_recognition": _version("face-recognition"),
            "face_recognition_models": _version("face-recognition-models"),
            "dlib": dlib.__version__,
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "detector": DETECTOR,
        "upsample": UPSAMPLE,
        "jobs": args.jobs,
        "photos": photos,
        "faces": faces,
        "clusterings": clusterings,
        "timing": {"import_seconds": import_seconds, "analyse_seconds": analyse_seconds},
        "peak_rss_mib": {"main": own / 1024, "largest_worker": children / 1024},
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f)
    os.replace(tmp, args.out)


def _version(distribution):
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    main()
