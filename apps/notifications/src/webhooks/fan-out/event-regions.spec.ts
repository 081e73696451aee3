import { activityWithdrawnV1, liaisonOfficerAssignedV1, organisationRegisteredV1 } from '@yp/contracts-events';
import { regionsMatch, regionsNamedIn, routingRegions } from './event-regions';

describe('event regions', () => {
  it('reads regions and municipalities from the data', () => {
    expect(regionsNamedIn(organisationRegisteredV1.fixture.data)).toEqual(['17']);
    expect(regionsNamedIn(liaisonOfficerAssignedV1.fixture.data)).toEqual(['17']);
    // Rovaniemi (698) is in Lapland (19), Pudasjärvi (615) in North Ostrobothnia (17).
    expect(regionsNamedIn({ municipalities: ['698', '615'] })).toEqual(['17', '19']);
    expect(regionsNamedIn({ municipalities: ['698'], regions: [] })).toEqual(['19']);
    expect(regionsNamedIn({ municipalities: ['999', 5], regions: ['x', 19] })).toEqual([]);
  });

  it('finds none in id-only events', () => {
    expect(regionsNamedIn(activityWithdrawnV1.fixture.data)).toEqual([]);
    expect(regionsNamedIn(null)).toEqual([]);
  });

  it('routes to where the aggregate is and where it was', () => {
    expect(routingRegions(['19'], ['17'])).toEqual(['17', '19']);
    expect(routingRegions([], ['19'])).toEqual(['19']);
    expect(routingRegions(['17'], ['17'])).toEqual(['17']);
  });

  it('matches a subscription on any shared region; an event of no region matches all', () => {
    expect(regionsMatch(['19'], ['19'])).toBe(true);
    expect(regionsMatch(['19'], ['17', '19'])).toBe(true);
    expect(regionsMatch(['19'], ['17'])).toBe(false);
    expect(regionsMatch(['17'], [])).toBe(true);
  });
});
