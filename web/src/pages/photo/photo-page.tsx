import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { imageUrl } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/error-message';
import { plural } from '../../components/person-name';
import { usePageTitle } from '../../components/use-page-title';
import { fileName } from '../person/person-timeline';
import { FaceBox } from './face-box';
import { FaceEditor } from './face-editor';
import { usePhotoSequence } from './photo-sequence';

/** One photo with its faces boxed and named; a box opens the editor; the arrow keys go to the previous or next photo. */
export function PhotoPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const photo = useQuery(queries.photo(id));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const sequence = usePhotoSequence(id, params.get('people') ?? '', params.get('from') ?? '', params.get('to') ?? '');
  usePageTitle(photo.data ? fileName(photo.data.path) : 'Photo');
  const search = params.toString() === '' ? '' : `?${params.toString()}`;

  useEffect(() => setSelectedId(null), [id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if (e.key === 'ArrowRight' && sequence.next) navigate(`/photos/${sequence.next}${search}`);
      else if (e.key === 'ArrowLeft' && sequence.previous) navigate(`/photos/${sequence.previous}${search}`);
      else if (e.key === 'Escape') setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, sequence.next, sequence.previous, search]);

  if (photo.isPending) return <Loading what="the photo" />;
  if (photo.isError) return <ErrorMessage error={photo.error} title="Could not load the photo" onRetry={() => void photo.refetch()} />;
  const p = photo.data;
  const selected = p.faceList.find((f) => f.id === selectedId) ?? null;
  return (
    <section className="page photo-page">
      <div className="page-head">
        <h1 className="photo-title">{fileName(p.path)}</h1>
        <p className="muted">
          {p.takenAt ? `taken ${p.takenAt.slice(0, 10)} · ` : ''}
          {p.width}×{p.height} · {plural(p.faceList.length, 'face')}
        </p>
        <div className="photo-nav">
          <button type="button" className="button" disabled={!sequence.previous} onClick={() => navigate(`/photos/${sequence.previous}${search}`)} aria-keyshortcuts="ArrowLeft">
            ← Previous
          </button>
          <span className="muted small">{sequence.index >= 0 ? `${sequence.index + 1} of ${sequence.total}` : ''}</span>
          <button type="button" className="button" disabled={!sequence.next} onClick={() => navigate(`/photos/${sequence.next}${search}`)} aria-keyshortcuts="ArrowRight">
            Next →
          </button>
        </div>
      </div>
      <div className="photo-layout">
        <figure className="photo-frame">
          <div className="photo-canvas" style={{ aspectRatio: `${p.width} / ${p.height}` }}>
            <img src={imageUrl.photo(p.id, 1600)} alt={`Photo ${fileName(p.path)}`} />
            {p.faceList.map((face) => (
              <FaceBox key={face.id} face={face} photo={p} selected={face.id === selectedId} onSelect={() => setSelectedId(face.id === selectedId ? null : face.id)} />
            ))}
          </div>
          <figcaption className="muted small mono">{p.path}</figcaption>
        </figure>
        <aside className="photo-side" aria-label="Faces on this photo">
          {selected ? (
            <FaceEditor key={selected.id} face={selected} photoId={p.id} onDone={() => setSelectedId(null)} />
          ) : (
            <p className="hint">Click a box (or Tab to it and press Enter) to name the face or correct it. ← and → go through the photos.</p>
          )}
          <h2 className="side-title">On this photo</h2>
          <ul className="face-list">
            {p.faceList.map((face) => (
              <li key={face.id}>
                <button type="button" className={`face-list-item${face.id === selectedId ? ' is-selected' : ''}`} onClick={() => setSelectedId(face.id)}>
                  <img src={imageUrl.crop(face.id)} alt="" width={32} height={32} loading="lazy" />
                  <span>{face.personId === null ? 'Unknown' : (face.personName ?? `unnamed ${face.personId}`)}</span>
                </button>
                {face.personId !== null ? (
                  <Link to={`/people/${face.personId}`} className="small" aria-label={`Open ${face.personName ?? face.personId}`}>
                    open
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}
