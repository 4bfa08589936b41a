import { expect, test } from 'vitest';
import { derivePassword } from './derive-password.js';

test.for([
  // Expected values come from helm v4.1.4 (sprig v3.3.0); the conformance suite re-checks them live.
  { counter: 1n, type: 'long', want: 'LurmNaze1,Tomd' },
  { counter: 1n, type: 'nope', want: 'cannot find password template nope' },
])('derivePassword($counter, $type, "pw", "user", "site")', ({ counter, type, want }) => {
  expect(derivePassword(counter, type, 'pw', 'user', 'site')).toBe(want);
});

test.for([
  { type: 'maximum', re: /^.{20}$/ },
  { type: 'long', re: /^[A-Za-z0-9@&%?,=[\]_:\-+*$#!'^~;()/.]{14}$/ },
  { type: 'medium', re: /^.{8}$/ },
  { type: 'short', re: /^[A-Z][aeiou][a-z][0-9]$/ },
  { type: 'basic', re: /^[A-Za-z0-9]{8}$/ },
  { type: 'pin', re: /^[0-9]{4}$/ },
])('template shapes: $type', ({ type, re }) => {
  expect(derivePassword(7n, type, 'master', 'me', 'example.com')).toMatch(re);
});
