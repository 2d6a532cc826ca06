import { describe, expect, it } from 'vitest';
import { hostAllowed, newToken, originAllowed, tokenMatches } from './guards';
import { sanitiseFileName } from './uploads';

describe('bridge guards', () => {
  it('makes 43-character base64url tokens, different each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    const token = newToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token + 'x', token)).toBe(false);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches([token, token], token)).toBe(false);
  });

  it('accepts only our own Host and Origin spellings', () => {
    expect(hostAllowed({ host: '127.0.0.1:5000' }, 5000)).toBe(true);
    expect(hostAllowed({ host: 'localhost:5000' }, 5000)).toBe(true);
    expect(hostAllowed({ host: 'LOCALHOST:5000' }, 5000)).toBe(true);
    expect(hostAllowed({ host: '127.0.0.1:5001' }, 5000)).toBe(false);
    expect(hostAllowed({ host: 'rebound.example:5000' }, 5000)).toBe(false);
    expect(hostAllowed({ host: '[::1]:5000' }, 5000)).toBe(false);
    expect(hostAllowed({}, 5000)).toBe(false);
    expect(originAllowed({}, 5000)).toBe(true);
    expect(originAllowed({ origin: 'http://127.0.0.1:5000' }, 5000)).toBe(true);
    expect(originAllowed({ origin: 'http://localhost:5000' }, 5000)).toBe(true);
    expect(originAllowed({ origin: 'https://127.0.0.1:5000' }, 5000)).toBe(false);
    expect(originAllowed({ origin: 'null' }, 5000)).toBe(false);
    expect(originAllowed({ origin: 'http://127.0.0.1:5000.evil.example' }, 5000)).toBe(false);
  });
});

describe('sanitiseFileName', () => {
  it.each([
    ['customers.csv', 'customers.csv'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\data.csv', 'data.csv'],
    ['..', 'upload'],
    ['.hidden.csv', 'hidden.csv'],
    ['a<b>c:d"e|f?g*h.csv', 'a_b_c_d_e_f_g_h.csv'],
    ['new\nline.csv', 'new_line.csv'],
    ['', 'upload'],
    ['Ärger résumé 2024.csv', 'Ärger résumé 2024.csv'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('shortens long names but keeps the extension', () => {
    const name = sanitiseFileName('x'.repeat(300) + '.csv');
    expect(name).toHaveLength(200);
    expect(name.endsWith('.csv')).toBe(true);
  });
});
