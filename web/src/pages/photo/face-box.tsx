import type { Face } from '../../api/types';

interface FaceBoxProps {
  face: Face;
  photo: { width: number; height: number };
  selected: boolean;
  onSelect: () => void;
}

/** A face's box over the photo, placed in percent so it follows the image at any size; its name below it. */
export function FaceBox({ face, photo, selected, onSelect }: FaceBoxProps) {
  const name = face.personId === null ? 'Unknown' : (face.personName ?? `unnamed ${face.personId}`);
  const style = {
    left: `${(face.box.x / photo.width) * 100}%`,
    top: `${(face.box.y / photo.height) * 100}%`,
    width: `${(face.box.w / photo.width) * 100}%`,
    height: `${(face.box.h / photo.height) * 100}%`,
  };
  return (
    <button
      type="button"
      className={`face-box${selected ? ' is-selected' : ''}${face.personId === null ? ' is-unknown' : ''}`}
      style={style}
      data-face-id={face.id}
      aria-pressed={selected}
      aria-label={`Face: ${name}. Press to name or correct it`}
      onClick={onSelect}
    >
      <span className="face-box-name">{name}</span>
    </button>
  );
}
