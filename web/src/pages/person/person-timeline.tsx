import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { imageUrl } from '../../api/client';
import { queries } from '../../api/queries';
import type { Photo } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/error-message';

/** The person's photos in the order they were taken, a row per year. */
export function PersonTimeline({ personId }: { personId: string }) {
  const timeline = useQuery(queries.timeline(personId));
  if (timeline.isPending) return <Loading what="the timeline" />;
  if (timeline.isError) return <ErrorMessage error={timeline.error} title="Could not load the timeline" onRetry={() => void timeline.refetch()} />;
  const years = byYear(timeline.data.items);
  if (years.length === 0) return <p className="empty">No photos.</p>;
  return (
    <div className="timeline">
      {years.map(([year, photos]) => (
        <section key={year} className="timeline-year" aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`} className="timeline-label">
            {year} <span className="muted small">({photos.length})</span>
          </h2>
          <ul className="photo-strip">
            {photos.map((photo) => (
              <li key={photo.id}>
                <Link to={`/photos/${photo.id}?people=${personId}`} className="photo-thumb" aria-label={`Photo ${photo.takenAt ? `taken ${photo.takenAt.slice(0, 10)}` : fileName(photo.path)}`}>
                  <img src={imageUrl.photo(photo.id, 256)} alt="" loading="lazy" decoding="async" />
                </Link>
                <span className="small muted">{photo.takenAt?.slice(0, 10) ?? 'undated'}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function byYear(photos: Photo[]): [string, Photo[]][] {
  const years = new Map<string, Photo[]>();
  for (const photo of photos) {
    const year = photo.takenAt?.slice(0, 4) ?? 'Undated';
    years.set(year, [...(years.get(year) ?? []), photo]);
  }
  return [...years];
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
