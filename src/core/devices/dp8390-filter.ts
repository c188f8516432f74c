// The DP8390's receive address filter (datasheet, "Address Recognition"): a frame is taken
// in promiscuous mode (RCR.PRO); a broadcast if RCR.AB; a multicast if RCR.AM and its bit in
// the 64-bit hash table MAR0-7 is set, the bit index being the top 6 bits of the Ethernet
// CRC-32 of the destination address; a unicast if it equals the station address PAR0-5.
const RCR_AB = 0x04;
const RCR_AM = 0x08;
const RCR_PRO = 0x10;

export interface AddressFilter {
  rcr: number;
  par: readonly number[];
  mar: readonly number[];
}

export function acceptsFrame(frame: Uint8Array, f: AddressFilter): boolean {
  if (frame.length < 6) return false;
  if (f.rcr & RCR_PRO) return true;
  if (frame[0] & 1) {
    if (frame.subarray(0, 6).every((b) => b === 0xff)) return (f.rcr & RCR_AB) !== 0;
    if ((f.rcr & RCR_AM) === 0) return false;
    const index = multicastHashIndex(frame.subarray(0, 6));
    return ((f.mar[index >> 3] >> (index & 7)) & 1) === 1;
  }
  for (let i = 0; i < 6; i++) if (frame[i] !== f.par[i]) return false;
  return true;
}

/** The multicast hash index: the top 6 bits of the CRC-32 (MSB-first register, LSB-first data). */
export function multicastHashIndex(address: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of address) {
    let b = byte;
    for (let bit = 0; bit < 8; bit++) {
      const carry = ((crc >>> 31) ^ (b & 1)) & 1;
      crc = (crc << 1) >>> 0;
      b >>= 1;
      if (carry) crc = (crc ^ 0x04c11db7) >>> 0;
    }
  }
  return crc >>> 26;
}
