# Updraft's image: every service of docker-compose.yml runs from it (api-server, scheduler,
# dag-processor, triggerer, worker), with a different `updraft` subcommand.
#   docker build -t updraft .
#   docker run --rm updraft --help

# ---- build: compile TypeScript and the web UI, then keep only the runtime dependencies
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native module when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (a build) needs the sources, copied below;
# the dependencies that need their install scripts are rebuilt by name.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ui ./ui
COPY examples ./examples
RUN npm run build && npm prune --omit=dev

# ---- runtime
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    UPDRAFT_HOME=/var/lib/updraft \
    UPDRAFT_DAGS_FOLDER=/var/lib/updraft/dags
WORKDIR /opt/updraft
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/examples ./examples
# A non-root user (uid 50000, as Airflow's image) owning UPDRAFT_HOME: the DAGs and logs
# folders exist in the image so named volumes mounted there start owned by it.
RUN groupadd --system --gid 50000 updraft \
 && useradd --system --uid 50000 --gid updraft --home-dir /var/lib/updraft --shell /usr/sbin/nologin updraft \
 && mkdir -p /var/lib/updraft/dags /var/lib/updraft/logs \
 && chown -R updraft:updraft /var/lib/updraft \
 && chmod +x dist/cli/main.js \
 && ln -s /opt/updraft/dist/cli/main.js /usr/local/bin/updraft
USER updraft
# 8080: the API server and web UI; 8974: a scheduler's GET /health (--health-port 8974).
EXPOSE 8080 8974
# No image-wide HEALTHCHECK: the services differ (the API answers HTTP, the others heartbeat in
# the database), so docker-compose.yml gives each its own (`updraft jobs check ... --local`).
ENTRYPOINT ["updraft"]
CMD ["--help"]
