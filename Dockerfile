# syntax=docker/dockerfile:1
# One image per app, from one Dockerfile: `docker build --build-arg APP=<app> .`, where <app> is
# any folder of apps/ with src/main.ts (docker-compose.yml builds each of them). The build stage
# compiles the whole workspace with swc (infra/compose/docker/build-workspace.mjs: decorator
# metadata for Nest, path aliases rewritten to relative requires) and does not depend on APP, so
# Docker builds it once for all apps; the runtime stage takes the app's output, the libraries and
# the production dependencies only, and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM dependencies AS build
COPY tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps
COPY infra/compose/docker/build-workspace.mjs ./infra/compose/docker/
RUN node infra/compose/docker/build-workspace.mjs . dist

FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP}
WORKDIR /app
COPY --from=production-dependencies /workspace/node_modules ./node_modules
COPY package.json ./
COPY --from=build /workspace/dist/tsconfig.base.json ./dist/
COPY --from=build /workspace/dist/libs ./dist/libs
COPY --from=build /workspace/dist/apps/${APP} ./dist/apps/${APP}
RUN test -f "dist/apps/${APP}/src/main.js" \
      || { echo "APP=${APP}: no apps/${APP}/src/main.ts; pass --build-arg APP=<a folder of apps/>" >&2; exit 1; } \
    && ln -s "dist/apps/${APP}/src/main.js" main.js
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "main.js"]
