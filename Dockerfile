# syntax=docker/dockerfile:1
#
# One image for every Yhteispeli app. The TypeScript sources are transpiled on load by
# @swc-node/register (a runtime dependency), so there is no build step and no dist/ folder.
#
#   docker build --build-arg APP=organisations -t yhteispeli-organisations .
#   docker run --env-file .env -e APP=villages yhteispeli-organisations   # APP can be overridden at run time
#
# APP is one of: gateway, organisations, working-groups, villages, notifications.

ARG NODE_IMAGE=node:26-bookworm-slim

# ---- dependencies: production node_modules only (typescript comes along as a peer of @swc-node/register)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm install --omit=dev --no-audit --no-fund

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ENV NODE_ENV=production \
    APP=${APP} \
    HOST=0.0.0.0 \
    LOG_LEVEL=info \
    SWC_NODE_CACHE_DIR=/tmp/swc-node
WORKDIR /app

# Owned by root and read-only for the app user: the process cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps

RUN test -f "apps/${APP}/src/main.ts" || { echo "Unknown APP '${APP}': expected one of $(ls apps | tr '\n' ' ')" >&2; exit 1; }

# The official Node image ships the unprivileged user "node" (uid 1000).
USER node

# Documented defaults; each app listens on PORT (gateway 3000, organisations 3101, working-groups 3102,
# villages 3103, notifications 3104).
EXPOSE 3000 3101 3102 3103 3104

# Liveness only (never depends on other systems). PORT falls back to the app's default port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD node -e "const d={gateway:3000,organisations:3101,'working-groups':3102,villages:3103,notifications:3104};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.APP])+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# exec: node becomes PID 1 and receives SIGTERM itself (Nest shutdown hooks close consumers, then the database).
CMD exec node -r @swc-node/register "apps/${APP}/src/main.ts"
