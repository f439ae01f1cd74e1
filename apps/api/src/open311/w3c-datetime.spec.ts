import { parseW3c, toW3c } from './w3c-datetime';

describe('W3C datetimes of GeoReport v2', () => {
  it('answers business times with the Shanghai offset and no fraction', () => {
    expect(toW3c('2026-03-04T01:30:00.123Z')).toBe('2026-03-04T09:30:00+08:00');
    expect(toW3c(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('reads the examples of the specification, Z or an offset', () => {
    expect(parseW3c('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3c('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3c('2026-03-04T09:30+08:00')?.toISOString()).toBe('2026-03-04T01:30:00.000Z');
  });

  it("reads a '+' that an unencoded query string turned into a space", () => {
    expect(parseW3c('2026-03-04T09:30:00 08:00')?.toISOString()).toBe('2026-03-04T01:30:00.000Z');
  });

  it('takes a bare date as midnight in Asia/Shanghai', () => {
    expect(parseW3c('2026-03-04')?.toISOString()).toBe('2026-03-03T16:00:00.000Z');
  });

  it.each(['2026-03-04T09:30:00', '2026-02-30', '2026-13-01T00:00:00Z', '2026-03-04T24:00:00Z', 'yesterday', '', '2026-03-04T09:30:00+0800'])(
    'refuses %j (no offset, no such day, not a datetime)',
    (text) => expect(parseW3c(text)).toBeUndefined(),
  );
});
