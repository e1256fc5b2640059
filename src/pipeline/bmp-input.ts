import { decode } from 'bmp-ts';

/** libvips (as shipped with sharp) has no BMP loader; old scans and screenshots still come as BMP. */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length > 14 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export function decodeBmp(bytes: Uint8Array): { data: Buffer; width: number; height: number } {
  const image = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { toRGBA: true });
  return { data: image.data, width: image.width, height: image.height };
}
