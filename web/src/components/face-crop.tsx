import { imageUrl } from '../api/client';

/**
 * A face's crop, loaded when it nears the viewport; the server's ETag and Cache-Control keep it in the browser's
 * cache, so scrolling back costs nothing.
 */
export function FaceCrop({ faceId, alt, size }: { faceId: string | null; alt: string; size?: number }) {
  const style = size === undefined ? undefined : { width: size, height: size };
  if (faceId === null) {
    return (
      <div className="face-crop face-crop-empty" style={style} role="img" aria-label={alt}>
        ?
      </div>
    );
  }
  return <img className="face-crop" style={style} src={imageUrl.crop(faceId)} alt={alt} loading="lazy" decoding="async" draggable={false} />;
}
