import { AppError } from '../../platform/errors';
import type { Db } from '../../db/database';
import { audit } from '../audit';
import { createAccount } from '../auth';
import * as repo from './people.admin.repository';

/**
 * Creates a municipal administrator: the person, an account, the grant, and
 * — on an empty database — the municipality itself. One transaction.
 */
export async function createAdmin(
  db: Db,
  input: {
    login: string;
    password: string;
    lastName: string;
    firstName: string;
    middleName?: string;
    municipality: string;
    timeZone: string;
    platform?: boolean;
  },
  now: Date = new Date(),
): Promise<{ personId: number; login: string; municipalityName: string }> {
  try {
    new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
  } catch {
    throw new AppError('VALIDATION_FAILED', `unknown time zone ${input.timeZone}`);
  }
  return db.transaction().execute(async (trx) => {
    let municipality = await repo.firstMunicipality(trx);
    municipality ??= await repo.insertMunicipality(trx, {
      name: input.municipality,
      timeZone: input.timeZone,
      at: now,
    });
    const personId = await repo.insertPerson(trx, {
      municipalityId: municipality.id,
      lastName: input.lastName,
      firstName: input.firstName,
      middleName: input.middleName ?? null,
      at: now,
    });
    await createAccount(
      trx,
      {
        personId,
        login: input.login,
        password: input.password,
        nameParts: [input.lastName, input.firstName],
      },
      now,
    );
    await repo.insertGrant(trx, {
      personId,
      role: 'municipal_admin',
      municipalityId: municipality.id,
      at: now,
    });
    if (input.platform)
      await repo.insertGrant(trx, {
        personId,
        role: 'platform_admin',
        municipalityId: null,
        at: now,
      });
    await audit(
      trx,
      {
        actorPersonId: null,
        action: 'admin.created',
        targetType: 'person',
        targetId: personId,
        municipalityId: municipality.id,
        details: { via: 'cli', login: input.login },
      },
      now,
    );
    return { personId, login: input.login.toLowerCase(), municipalityName: municipality.name };
  });
}
