// RemoveLiaisonOfficerHandler on real FerretDB: ending an appointment is its next version with
// removedAt and liaison-officer.removed.v1 (the record and the person's data stay); ending it again
// changes nothing; the organisation moves; personal-data region rules.
import { LIAISON_OFFICER_REMOVED_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn } from '@yp/shared-testing';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import type { LiaisonOfficerState } from '@organisations/liaison-officers/liaison-officer.state';
import { INARI, OULU, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { RemoveLiaisonOfficerHandler } from './remove-liaison-officer.handler';

describe('RemoveLiaisonOfficerHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('remove-liaison-officer');
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const remove = (id: string, who: Identity = coordinator) =>
    asCaller(who, () => service.get(RemoveLiaisonOfficerHandler).execute(id, who));
  const history = (id: string) => changeLog<LiaisonOfficerState>(service.db, 'liaison_officers', id);

  it('ends the appointment as version 2 with removedAt and liaison-officer.removed.v1; ending it again changes nothing', async () => {
    const officer = await a.liaisonOfficer();
    await remove(officer.id);
    const ended = await service.get(LiaisonOfficerRepository).store.load(officer.id);
    expect(ended).toMatchObject({ version: 2, state: { ...officer.state, removedAt: expect.any(String) as string } });
    expect(eventsIn((await history(officer.id)).slice(1))).toEqual([
      expect.objectContaining({
        type: LIAISON_OFFICER_REMOVED_V1,
        subject: officer.id,
        aggregateversion: 2,
        actor: coordinator.actor,
        data: { liaisonOfficerId: officer.id, personId: officer.state.personId, removedAt: ended?.state.removedAt },
      }),
    ]);

    await remove(officer.id);
    expect(await history(officer.id)).toHaveLength(2);
  });

  it('moves the employing organisation (organisation.updated.v1 naming liaison-officers)', async () => {
    const organisation = await a.organisation();
    const officer = await a.liaisonOfficer({ organisationId: organisation.id });
    await a.moved(organisation.id, organisation.version, 'liaison-officers'); // for the appointment
    const before = await a.versionOf(organisation.id);
    await remove(officer.id);
    await a.moved(organisation.id, before, 'liaison-officers');
  });

  it('outside the caller’s regions the appointment does not exist (404); keys and liaison officers may not end it (403)', async () => {
    const officer = await a.liaisonOfficer({ municipalities: [OULU] });
    await expect(remove(officer.id, CALLERS.coordinatorLapland)).rejects.toMatchObject({ code: 'LIAISON_OFFICER.NOT_FOUND', status: 404 });
    for (const who of [CALLERS.integrationNorthOstrobothnia, CALLERS.readerNorthOstrobothnia, CALLERS.liaisonOfficerNorthOstrobothnia]) {
      await expect(remove(officer.id, who)).rejects.toMatchObject({ code: 'LIAISON_OFFICER.REGION_FORBIDDEN', status: 403 });
    }
    // An appointment in both regions: a coordinator of one of them sees it but may not end it.
    const both = await a.liaisonOfficer({ municipalities: [OULU, INARI] }, CALLERS.admin);
    await expect(remove(both.id, coordinator)).rejects.toMatchObject({ code: 'LIAISON_OFFICER.REGION_FORBIDDEN', status: 403 });
    expect(await history(officer.id)).toHaveLength(1);
    expect(await history(both.id)).toHaveLength(1);
    await remove(both.id, CALLERS.admin);
    expect(await history(both.id)).toHaveLength(2);
    await expect(remove('lo_00000000000000000000000000000000')).rejects.toMatchObject({ code: 'LIAISON_OFFICER.NOT_FOUND', status: 404 });
  });
});
