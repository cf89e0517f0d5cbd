# The API service for Docker users (docker compose up). It talks to the Neo4j container through
# NEO4J_URI, so this image needs no Java: the embedded Neo4j is only for machines without Docker.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
COPY schema ./schema
COPY seed ./seed
# The bundle npm start runs (scripts/bundle.mjs): plain Node, no TypeScript transform at start-up.
RUN npm run build
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node's flags as npm start gives them (src/process/node-flags.ts).
CMD ["node", "--max-semi-space-size=64", "dist/main.mjs"]
