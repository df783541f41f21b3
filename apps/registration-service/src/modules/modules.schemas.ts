import { z } from '../http/openapi-zod';

export const moduleSeats = z.object({
  moduleId: z.string(),
  title: z.string(),
  capacity: z.number().int().min(0),
  reserved: z.number().int().min(0),
  confirmed: z.number().int().min(0),
  available: z.number().int().min(0),
  fee: z.object({ amountCents: z.number().int().min(0), currency: z.string() }),
});

export const moduleList = z.array(moduleSeats);

export type ModuleSeats = z.infer<typeof moduleSeats>;
