import { organisationRegisteredV1 } from '@yp/contracts-events';
import { render } from './templates';

describe('organisation-registered template', () => {
  it.each([
    ['fi', /Uusi kumppani alueellasi: Pudasjärven Kyläyhdistys ry/, /Toiminta-alue: Pudasjärvi/],
    ['sv', /Ny partner i ditt område: Pudasjärvi byförening rf/, /Verksamhetsområde: Pudasjärvi/],
    ['en', /New partner in your area: Pudasjärven Kyläyhdistys ry/, /Area served: Pudasjärvi/],
  ] as const)('renders in %s with municipality names', (lang, subject, body) => {
    const email = render('organisation-registered', lang, organisationRegisteredV1.fixture, 'Liisa');
    expect(email.subject).toMatch(subject);
    expect(email.text).toMatch(body);
    expect(email.html).toContain(`lang="${lang}"`);
  });

  it('escapes names in HTML', () => {
    const fixture = organisationRegisteredV1.fixture;
    const event = { ...fixture, data: { ...fixture.data, name: { fi: '<script>x</script> ry' } } };
    expect(render('organisation-registered', 'fi', event, 'A & B').html).not.toContain('<script>');
  });
});
