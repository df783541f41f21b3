import { requestRegistrationBody } from '../registration/registration.schemas';
import { createSessionBody } from '../sessions/sessions.schemas';
import { identifier } from './api.schemas';

describe(identifier.name, () => {
  // Postgres text cannot hold NUL: such an id used to reach a query and answer 500.
  it('refuses the NUL character in the ids that reach Postgres', () => {
    expect(createSessionBody.safeParse({ studentId: 'alice\u0000', password: 'x' }).success).toBe(false);
    expect(requestRegistrationBody.safeParse({ moduleId: 'CS\u0000101' }).success).toBe(false);
  });

  it('accepts any other text up to the limit', () => {
    expect(identifier(8).safeParse('CS 101 é').success).toBe(true);
    expect(identifier(8).safeParse('CS1010101').success).toBe(false);
    expect(identifier(8).safeParse('').success).toBe(false);
  });
});
