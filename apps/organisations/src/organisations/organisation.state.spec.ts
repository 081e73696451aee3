import { searchable, searchTextOf } from './organisation.state';

describe('name search normalisation', () => {
  it.each([
    ['Ähtäri', 'ahtari'],
    ['Pudasjärven  Kyläyhdistys ry', 'pudasjarven kylayhdistys ry'],
    ['Östra Lappland', 'ostra lappland'],
    ['Åbo Akademi', 'abo akademi'],
    ['SOMPIO', 'sompio'],
  ])('%s → %s', (text, expected) => {
    expect(searchable(text)).toBe(expected);
  });

  it('covers every language given', () => {
    expect(searchTextOf({ fi: 'Pudasjärven Eläkeläiset', sv: 'Pudasjärvi pensionärer' })).toBe(
      'pudasjarven elakelaiset | pudasjarvi pensionarer',
    );
  });
});
