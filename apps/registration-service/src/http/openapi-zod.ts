import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// zod 4 gives each schema its methods when it is built, so `.openapi()` (which the OpenAPI
// registry needs) must be added before any API schema exists: API schemas import z from here.
extendZodWithOpenApi(z);

export { z };
