import { wholeMonths } from './statistics.query';

describe('wholeMonths (which part of a period the monthly rollup answers)', () => {
  it('takes the calendar months wholly inside the period, the days at either end being left to the daily rollup', () => {
    expect(wholeMonths({ from: '2023-01-01', to: '2023-12-31' })).toEqual(['2023-01-01', '2024-01-01']);
    expect(wholeMonths({ from: '2023-02-15', to: '2023-05-10' })).toEqual(['2023-03-01', '2023-05-01']);
    expect(wholeMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual(['2024-02-01', '2024-03-01']);
    expect(wholeMonths({ from: '2023-12-02', to: '2024-01-31' })).toEqual(['2024-01-01', '2024-02-01']);
  });

  it('answers an empty range when no month is whole', () => {
    expect(wholeMonths({ from: '2023-02-15', to: '2023-03-10' })).toEqual(['2023-02-15', '2023-02-15']);
    expect(wholeMonths({ from: '2023-02-01', to: '2023-02-27' })).toEqual(['2023-02-01', '2023-02-01']);
  });
});
