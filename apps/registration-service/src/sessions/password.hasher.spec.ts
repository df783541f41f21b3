import { hashPassword, verifyPassword } from './password.hasher';

describe(hashPassword.name, () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('demo-password', 4);

    expect(await verifyPassword('demo-password', hash)).toBe(true);
    expect(await verifyPassword('demo-passwore', hash)).toBe(false);
  });

  it('stores its parameters, so a hash made at another cost still verifies', async () => {
    const cheap = await hashPassword('secret', 4);
    const dearer = await hashPassword('secret', 10);

    expect(cheap).toMatch(/^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(dearer).toMatch(/^\$scrypt\$ln=10,/);
    expect(await verifyPassword('secret', cheap)).toBe(true);
    expect(await verifyPassword('secret', dearer)).toBe(true);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 4)).not.toEqual(await hashPassword('same', 4));
  });

  it('refuses what is not one of its hashes', async () => {
    expect(await verifyPassword('secret', 'plain-text')).toBe(false);
    expect(await verifyPassword('secret', '')).toBe(false);
  });
});
