import { expect, test } from 'vitest';
import { parseIP, sanBytes } from './ip.js';

const hex = (b: Uint8Array | undefined): string | undefined =>
  b ? Buffer.from(sanBytes(b)).toString('hex') : undefined;

test.for([
  { input: '10.0.0.1', want: '0a000001' },
  { input: '255.255.255.255', want: 'ffffffff' },
  { input: '::1', want: '00000000000000000000000000000001' },
  { input: '::', want: '00000000000000000000000000000000' },
  { input: '2001:DB8::8:800:200c:417a', want: '20010db8000000000008080020 0c417a'.replace(' ', '') },
  { input: '::ffff:10.1.2.3', want: '0a010203' }, // IPv4-mapped: written as 4 bytes, like To4()
  { input: '::ffff:a01:203', want: '0a010203' },
  { input: '64:ff9b::1.2.3.4', want: '0064ff9b000000000000000001020304' },
  { input: '1:2:3:4:5:6:7:8', want: '00010002000300040005000600070008' },
  { input: '010.0.0.1', want: undefined }, // leading zeros are rejected since Go 1.17
  { input: '256.0.0.1', want: undefined },
  { input: '1.2.3', want: undefined },
  { input: 'fe80::1%eth0', want: undefined }, // zones are refused by ParseIP
  { input: '1:2:3:4:5:6:7::8', want: undefined },
  { input: '1::2::3', want: undefined },
  { input: '12345::', want: undefined },
  { input: '1:2:3:4:5:6:7', want: undefined },
  { input: ':1', want: undefined },
  { input: '1:', want: undefined },
  { input: 'example.com', want: undefined },
  { input: '', want: undefined },
])('parseIP($input)', ({ input, want }) => {
  expect(hex(parseIP(input))).toBe(want);
});
