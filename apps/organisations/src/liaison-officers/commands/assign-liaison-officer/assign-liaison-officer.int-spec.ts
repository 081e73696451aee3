// AssignLiaisonOfficerHandler on real FerretDB: the appointment at version 1 under a person id of its
// own, its contact record and liaison-officer.assigned.v1 queued with it, the employing organisation
// moved, and who may appoint whom where.
import { CONTACT_RECORD_V1, LIAISON_OFFICER_ASSIGNED_V1, TOPICS } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, problemOf } from '@yp/shared-testing';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import type { LiaisonOfficerState } from '@organisations/liaison-officers/liaison-officer.state';
import { INARI, KUUSAMO, OULU, liaisonOfficerRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { AssignLiaisonOfficerHandler } from './assign-liaison-officer.handler';

describe('AssignLiaisonOfficerHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('assign-liaison-officer');
  const officers = () => service.get(LiaisonOfficerRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const assign = (request: ReturnType<typeof liaisonOfficerRequest>, who: Identity = coordinator) =>
    asCaller(who, () => service.get(AssignLiaisonOfficerHandler).execute(request, who));
  const officerCount = () => officers().store.changes.countDocuments({});

  it('stores version 1 under a new person id and queues the contact record and liaison-officer.assigned.v1', async () => {
    const request = liaisonOfficerRequest({
      email: 'Liisa.Lahde@Pudasjarvi.Example.fi',
      municipalities: [OULU, KUUSAMO],
      healthCentre: 'Oulun sote-keskus',
      activeFrom: '2027-01-01',
      activeTo: '2027-12-31',
    });
    const officer = await assign(request);
    expect(officer.id).toMatch(/^lo_[a-f0-9]{32}$/);
    expect(officer.version).toBe(1);
    expect(officer.state).toMatchObject({
      liaisonOfficerId: officer.id,
      email: 'liisa.lahde@pudasjarvi.example.fi',
      municipalities: [OULU, KUUSAMO],
      regions: ['17'],
      healthCentre: 'Oulun sote-keskus',
      activeFrom: '2027-01-01',
      activeTo: '2027-12-31',
    });
    // A person id of its own: not the officer id, and not any contact's.
    expect(officer.state.personId).toMatch(/^per_[a-f0-9]{32}$/);
    expect(await officers().store.load(officer.id)).toEqual(officer);

    const [change, ...more] = await changeLog<LiaisonOfficerState>(service.db, 'liaison_officers', officer.id);
    expect(more).toEqual([]);
    const personId = officer.state.personId;
    expect(change?.records).toEqual([
      expect.objectContaining({
        topic: TOPICS.organisationContacts,
        key: personId,
        value: { schema: CONTACT_RECORD_V1, personId, name: request.name, email: officer.state.email, language: 'fi' },
      }),
      expect.objectContaining({
        topic: TOPICS.organisations,
        event: expect.objectContaining({
          type: LIAISON_OFFICER_ASSIGNED_V1,
          subject: officer.id,
          aggregateversion: 1,
          actor: coordinator.actor,
          // Ids and areas only: the name and email travel on the contacts topic.
          data: {
            liaisonOfficerId: officer.id,
            personId,
            municipalities: [OULU, KUUSAMO],
            regions: ['17'],
            healthCentre: 'Oulun sote-keskus',
            activeFrom: '2027-01-01',
            activeTo: '2027-12-31',
          },
        }) as unknown,
      }),
    ]);
  });

  it('moves the employing organisation (organisation.updated.v1 naming liaison-officers)', async () => {
    const organisation = await a.organisation();
    const officer = await assign(liaisonOfficerRequest({ organisationId: organisation.id }));
    expect(officer.state.organisationId).toBe(organisation.id);
    const moved = await a.moved(organisation.id, organisation.version, 'liaison-officers');
    expect(moved.data.changedFields).toEqual(['liaison-officers']);
  });

  it('takes admins and coordinators of every region of the municipalities, never keys or liaison officers (403)', async () => {
    const before = await officerCount();
    for (const [municipalities, who] of [
      [[OULU], CALLERS.coordinatorLapland],
      [[OULU, INARI], coordinator],
      [[OULU], CALLERS.integrationNorthOstrobothnia],
      [[OULU], CALLERS.readerNorthOstrobothnia],
      [[OULU], CALLERS.liaisonOfficerNorthOstrobothnia],
    ] as const) {
      await expect(assign(liaisonOfficerRequest({ municipalities: [...municipalities] }), who)).rejects.toMatchObject({
        code: 'LIAISON_OFFICER.REGION_FORBIDDEN',
        status: 403,
      });
    }
    expect(await officerCount()).toBe(before);
    expect((await assign(liaisonOfficerRequest({ municipalities: [OULU, INARI] }), CALLERS.admin)).state.regions).toEqual(['17', '19']);
    expect((await assign(liaisonOfficerRequest({ municipalities: [INARI] }), CALLERS.coordinatorLapland)).state.regions).toEqual(['19']);
  });

  it('refuses an appointment that ends before it starts (422 naming activeTo); one day is fine', async () => {
    const before = await officerCount();
    expect(await problemOf(assign(liaisonOfficerRequest({ activeFrom: '2027-02-01', activeTo: '2027-01-31' })))).toMatchObject({
      status: 422,
      code: 'REQUEST.VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'activeTo' })],
    });
    expect(await officerCount()).toBe(before);
    expect((await assign(liaisonOfficerRequest({ activeFrom: '2027-02-01', activeTo: '2027-02-01' }))).version).toBe(1);
  });

  it('names only a live organisation the caller may change as the employer (422, 403), and stores nothing then', async () => {
    const before = await officerCount();
    const gone = await a.organisation();
    await a.deletedOrganisation(gone.id);
    for (const organisationId of ['org_00000000000000000000000000000000', gone.id]) {
      expect(await problemOf(assign(liaisonOfficerRequest({ organisationId })))).toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ field: 'organisationId' })],
      });
    }
    const northern = await a.organisation();
    const lapland = CALLERS.coordinatorLapland;
    expect(await problemOf(assign(liaisonOfficerRequest({ organisationId: northern.id, municipalities: [INARI] }), lapland))).toMatchObject(
      {
        code: 'LIAISON_OFFICER.REGION_FORBIDDEN',
        status: 403,
      },
    );
    expect(await officerCount()).toBe(before);
  });
});
