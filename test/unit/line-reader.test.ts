import { describe, expect, it } from 'vitest';
import { LineReader } from '../../electron/gateway/upstream/line-reader.ts';

describe('LineReader', () => {
  it('joins a line split over chunks, and splits chunks holding several lines', () => {
    const reader = new LineReader();
    expect(reader.push(Buffer.from('{"a":'))).toEqual([]);
    expect(reader.push(Buffer.from('1}\n{"b":2}\r\n{"c"'))).toEqual(['{"a":1}', '{"b":2}']);
    expect(reader.push(Buffer.from(':3}\n'))).toEqual(['{"c":3}']);
    expect(reader.push(Buffer.from('\n'))).toEqual(['']);
  });

  it('keeps a multi-byte character split between chunks whole', () => {
    const reader = new LineReader();
    const bytes = Buffer.from('"héllo"\n');
    expect(reader.push(bytes.subarray(0, 3))).toEqual([]);
    expect(reader.push(bytes.subarray(3))).toEqual(['"héllo"']);
  });

  it('drops a line longer than the limit, and reads the next lines again', () => {
    const reader = new LineReader(8);
    expect(reader.push(Buffer.from('12345'))).toEqual([]);
    expect(() => reader.push(Buffer.from('6789'))).toThrow(/exceeded 8 bytes/);
    expect(reader.push(Buffer.from('\nok\n'))).toEqual(['', 'ok']);
  });
});
