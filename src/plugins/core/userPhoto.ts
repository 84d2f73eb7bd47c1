// The user's picture (fd-core.md §3.1): any image a browser sends is resized to at most fdMaxAvatarSize pixels a
// side and stored as JPEG, as FusionDirectory does; something that is not an image is refused.
import sharp from 'sharp';
import type { SaveContext } from '../../model/declarations.ts';
import { ValueError } from '../../model/kinds/index.ts';

/** Resize and convert to JPEG; the same bytes back when they already fit and are JPEG. */
export async function normalisePhoto(input: Buffer, maxSize: number): Promise<Buffer> {
  let image: sharp.Sharp;
  let metadata: sharp.Metadata;
  try {
    image = sharp(input, { failOn: 'error' });
    metadata = await image.metadata();
  } catch {
    throw new ValueError('The picture is not an image Trousseau can read (JPEG, PNG, GIF, WebP, TIFF…).', 'jpegPhoto');
  }
  const fits = (metadata.width ?? 0) <= maxSize && (metadata.height ?? 0) <= maxSize;
  if (fits && metadata.format === 'jpeg') return input;
  return image.rotate().resize({ width: maxSize, height: maxSize, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer();
}

/** prepareSave part of the user tab: normalise a newly given picture. */
export async function preparePhoto(context: SaveContext): Promise<void> {
  const photo = context.raw('jpegPhoto');
  if (!Buffer.isBuffer(photo) || photo.length === 0) return;
  const stored = context.stored.jpegPhoto;
  // An unchanged picture is left as it is (its JSON form is base64).
  if (typeof stored === 'string' && stored === photo.toString('base64')) return;
  const max = Number(context.config('fdMaxAvatarSize') ?? '200') || 200;
  context.setRaw('jpegPhoto', await normalisePhoto(photo, max));
}
