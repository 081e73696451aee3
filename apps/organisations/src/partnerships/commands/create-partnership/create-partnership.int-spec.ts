// CreatePartnershipHandler on real FerretDB: a draft agreement at version 1 with
// partnership.changed.v1 queued, the region derived from the municipality (the writer's rule),
// partners checked against the register, and dates in order.
import { PARTNERSHIP_CHANGED_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn, problemOf } from '@yp/shared-testing';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import type { PartnershipState } from '@organisations/partnerships/partnership.state';
import { INARI, OULU, partnershipRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { CreatePartnershipHandler } from './create-partnership.handler';

describe('CreatePartnershipHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('create-partnership');
  const partnerships = () => service.get(PartnershipRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const create = (request: ReturnType<typeof partnershipRequest>, who: Identity = coordinator) =>
    asCaller(who, () => service.get(CreatePartnershipHandler).execute(request, who));
  const partnershipCount = () => partnerships().store.changes.countDocuments({});

  it('records a draft at version 1 (region derived, themes sorted) and queues partnership.changed.v1', async () => {
    const [first, second] = [await a.organisation(), await a.organisation()];
    const request = partnershipRequest([first.id, second.id], { themes: ['safety', 'culture'], endsOn: '2028-12-31' });
    const created = await create(request);
    expect(created.id).toMatch(/^prt_[a-f0-9]{32}$/);
    expect(created.version).toBe(1);
    expect(created.state).toMatchObject({
      partnershipId: created.id,
      municipality: OULU,
      region: '17',
      partnerOrganisationIds: [first.id, second.id],
      title: request.title,
      themes: ['culture', 'safety'],
      startsOn: '2027-01-01',
      endsOn: '2028-12-31',
      status: 'draft',
    });
    expect(await partnerships().load(created.id)).toEqual(created);
    const events = eventsIn(await changeLog<PartnershipState>(service.db, 'partnerships', created.id));
    expect(events).toEqual([
      expect.objectContaining({
        type: PARTNERSHIP_CHANGED_V1,
        subject: created.id,
        aggregateversion: 1,
        actor: coordinator.actor,
        data: {
          partnershipId: created.id,
          municipality: OULU,
          regions: ['17'],
          partnerOrganisationIds: [first.id, second.id],
          title: request.title,
          themes: ['culture', 'safety'],
          startsOn: '2027-01-01',
          endsOn: '2028-12-31',
          status: 'draft',
          updatedAt: created.state.updatedAt,
        },
      }),
    ]);
  });

  it('is the municipality’s: partners may come from another region; writers of another region are refused (403)', async () => {
    const lapland = await a.organisation({ municipalities: [INARI] });
    expect((await create(partnershipRequest([lapland.id]))).state.region).toBe('17');
    expect((await create(partnershipRequest([lapland.id]), CALLERS.integrationNorthOstrobothnia)).version).toBe(1);
    const before = await partnershipCount();
    for (const who of [CALLERS.coordinatorLapland, CALLERS.readerNorthOstrobothnia, CALLERS.liaisonOfficerNorthOstrobothnia]) {
      await expect(create(partnershipRequest([lapland.id]), who)).rejects.toMatchObject({
        code: 'PARTNERSHIP.REGION_FORBIDDEN',
        status: 403,
      });
    }
    expect(await partnershipCount()).toBe(before);
    expect((await create(partnershipRequest([lapland.id], { municipality: INARI }), CALLERS.coordinatorLapland)).state.region).toBe('19');
  });

  it('refuses a partner that is unknown or deleted (422 naming its index) and dates out of order (422 naming endsOn)', async () => {
    const [live, gone] = [await a.organisation(), await a.organisation()];
    await a.deletedOrganisation(gone.id);
    const before = await partnershipCount();
    for (const missing of ['org_00000000000000000000000000000000', gone.id]) {
      expect(await problemOf(create(partnershipRequest([live.id, missing])))).toMatchObject({
        status: 422,
        code: 'PARTNERSHIP.PARTNER_NOT_FOUND',
        errors: [expect.objectContaining({ field: 'partnerOrganisationIds.1' })],
      });
    }
    expect(await problemOf(create(partnershipRequest([live.id], { startsOn: '2027-06-01', endsOn: '2027-05-31' })))).toMatchObject({
      status: 422,
      code: 'REQUEST.VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'endsOn' })],
    });
    expect(await partnershipCount()).toBe(before);
    // A one-day agreement is in order.
    expect((await create(partnershipRequest([live.id], { startsOn: '2027-06-01', endsOn: '2027-06-01' }))).version).toBe(1);
  });
});
