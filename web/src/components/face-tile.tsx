import { Link } from 'react-router';
import type { Face } from '../api/types';
import { FaceCrop } from './face-crop';

interface FaceTileProps {
  face: Face;
  selected: boolean;
  onToggle: (range: boolean) => void;
  /** Words for the tile's name (what a screen reader says). */
  label: string;
  caption?: string;
  flag?: string;
}

/** A face crop that selects itself when pressed; a small link opens its photo. */
export function FaceTile({ face, selected, onToggle, label, caption, flag }: FaceTileProps) {
  return (
    <div className={`face-tile${selected ? ' is-selected' : ''}`} data-face-id={face.id}>
      <button type="button" className="face-tile-button" aria-pressed={selected} aria-label={label} onClick={(e) => onToggle(e.shiftKey)}>
        <FaceCrop faceId={face.id} alt="" />
        {flag ? <span className="face-flag">{flag}</span> : null}
        <span className="face-tick" aria-hidden="true">
          ✓
        </span>
      </button>
      <div className="face-tile-caption">
        <span className="muted small">{caption ?? ''}</span>
        <Link to={`/photos/${face.photoId}`} className="small" aria-label={`Open the photo of ${label}`}>
          photo
        </Link>
      </div>
    </div>
  );
}
