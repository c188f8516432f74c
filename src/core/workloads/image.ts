// Reading a workload image's header. An image is a flat binary whose first HEADER_SIZE bytes
// describe it (docs/guest-abi.md "Header"); readHeader checks every field against the image
// and the ABI and says exactly what is wrong with a bad one.
import { ABI_VERSION, HDR, HDR_ID_BYTES, HEADER_MAGIC, HEADER_SIZE, IMG_INTERRUPTS, IMG_PARAVIRT, IMG_USER } from './abi';

export interface ImageHeader {
  abiVersion: number;
  flags: number;
  paravirt: boolean;
  interrupts: boolean;
  user: boolean;
  loadAddress: number;
  /** Offsets below are from the load address (= from the image's first byte). */
  entry: number;
  paramsOffset: number;
  paramsSize: number;
  resultsOffset: number;
  resultsSize: number;
  textEnd: number;
  imageEnd: number;
  variantOffset: number;
  variantSize: number;
  opsOffset: number;
  minRam: number;
  userBase: number;
  id: string;
}

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

export function readHeader(image: Uint8Array): ImageHeader {
  if (image.length < HEADER_SIZE) throw new ImageError(`image too short for a header: ${image.length} bytes, need ${HEADER_SIZE}`);
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const u32 = (at: number): number => v.getUint32(at, true);
  const magic = u32(HDR.magic);
  if (magic !== HEADER_MAGIC) throw new ImageError(`bad magic 0x${magic.toString(16)} (want 0x${HEADER_MAGIC.toString(16)}, "EXSG")`);
  const abiVersion = v.getUint16(HDR.version, true);
  if (abiVersion !== ABI_VERSION) throw new ImageError(`unsupported guest ABI version ${abiVersion} (this build reads ${ABI_VERSION})`);
  const headerSize = v.getUint16(HDR.headerSize, true);
  if (headerSize !== HEADER_SIZE) throw new ImageError(`header size ${headerSize}, want ${HEADER_SIZE}`);
  const idBytes = image.subarray(HDR.id, HDR.id + HDR_ID_BYTES);
  const nul = idBytes.indexOf(0);
  const id = new TextDecoder().decode(idBytes.subarray(0, nul < 0 ? HDR_ID_BYTES : nul));
  const flags = u32(HDR.flags);
  const h: ImageHeader = {
    abiVersion,
    flags,
    paravirt: (flags & IMG_PARAVIRT) !== 0,
    interrupts: (flags & IMG_INTERRUPTS) !== 0,
    user: (flags & IMG_USER) !== 0,
    loadAddress: u32(HDR.loadAddress),
    entry: u32(HDR.entry),
    paramsOffset: u32(HDR.paramsOffset),
    paramsSize: u32(HDR.paramsSize),
    resultsOffset: u32(HDR.resultsOffset),
    resultsSize: u32(HDR.resultsSize),
    textEnd: u32(HDR.textEnd),
    imageEnd: u32(HDR.imageEnd),
    variantOffset: u32(HDR.variantOffset),
    variantSize: u32(HDR.variantSize),
    opsOffset: u32(HDR.opsOffset),
    minRam: u32(HDR.minRam),
    userBase: u32(HDR.userBase),
    id,
  };
  const inFile = (name: string, off: number, size: number): void => {
    if (off + size > image.length) throw new ImageError(`${id || 'image'}: ${name} [0x${off.toString(16)}, +${size}) lies beyond the image's ${image.length} bytes`);
  };
  inFile('parameter block', h.paramsOffset, h.paramsSize);
  inFile('result block', h.resultsOffset, h.resultsSize);
  inFile('build-specific region', h.variantOffset, h.variantSize);
  if (h.entry < HEADER_SIZE || h.entry >= h.textEnd) throw new ImageError(`${id}: entry 0x${h.entry.toString(16)} is outside the code pages`);
  if (h.textEnd % 4096 !== 0) throw new ImageError(`${id}: code end 0x${h.textEnd.toString(16)} is not page aligned`);
  if (h.imageEnd < image.length) throw new ImageError(`${id}: image end 0x${h.imageEnd.toString(16)} is before the file's end`);
  if (h.loadAddress + h.imageEnd > h.minRam) throw new ImageError(`${id}: image does not fit the RAM it declares`);
  return h;
}
