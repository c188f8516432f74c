// The 256-word IDENTIFY DEVICE block (ATA/ATAPI-6, table 27) for the emulated disk: a fixed
// disk with LBA, the logical CHS geometry 16 heads x 63 sectors, and its capacity. ATA strings
// hold two characters per word, the first in the high byte.
export const IDENTIFY_HEADS = 16;
export const IDENTIFY_SECTORS_PER_TRACK = 63;
export const IDENTIFY_MODEL = 'ExitScope ATA disk';

export function identifyBlock(sectors: number, serial: string): Uint8Array {
  const words = new Uint16Array(256);
  const lba28 = Math.min(sectors, 0x0fffffff);
  const cylinders = Math.min(Math.floor(lba28 / (IDENTIFY_HEADS * IDENTIFY_SECTORS_PER_TRACK)), 16383) || 1;
  const chsCapacity = cylinders * IDENTIFY_HEADS * IDENTIFY_SECTORS_PER_TRACK;
  words[0] = 0x0040; // fixed device
  words[1] = cylinders;
  words[3] = IDENTIFY_HEADS;
  words[6] = IDENTIFY_SECTORS_PER_TRACK;
  putString(words, 10, 20, serial);
  putString(words, 23, 8, '1.0');
  putString(words, 27, 40, IDENTIFY_MODEL);
  words[47] = 0x8000; // READ/WRITE MULTIPLE: no sectors per block (not supported)
  words[49] = 0x0200; // LBA supported
  words[51] = 0x0200; // PIO timing mode 2
  words[53] = 0x0001; // words 54-58 valid
  words[54] = cylinders;
  words[55] = IDENTIFY_HEADS;
  words[56] = IDENTIFY_SECTORS_PER_TRACK;
  words[57] = chsCapacity & 0xffff;
  words[58] = chsCapacity >>> 16;
  words[60] = lba28 & 0xffff;
  words[61] = lba28 >>> 16;
  words[80] = 0x007e; // ATA-1 to ATA-6
  const bytes = new Uint8Array(512);
  for (let i = 0; i < 256; i++) {
    bytes[2 * i] = words[i] & 0xff;
    bytes[2 * i + 1] = words[i] >> 8;
  }
  return bytes;
}

function putString(words: Uint16Array, first: number, length: number, text: string): void {
  const padded = text.padEnd(length, ' ').slice(0, length);
  for (let i = 0; i < length; i += 2) words[first + i / 2] = (padded.charCodeAt(i) << 8) | padded.charCodeAt(i + 1);
}
