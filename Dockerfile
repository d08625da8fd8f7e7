# API image: the search service over the configured store (THERAPIST_FINDER_STORE).
# The default is the embedded SQLite store in /data; docker-compose.yml points it
# at Elasticsearch instead. Also used for the crawler and loader jobs.

# Leaflet for the map and Swagger UI for /docs come from the npm registry, pinned by
# package-lock.json (axe-core, also in it, is only for the tests).
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim
# Pango and fonts for WeasyPrint's PDFs (checklists, compare sheets, referral packets).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY therapist_finder ./therapist_finder
COPY search_api ./search_api
COPY crawler ./crawler
# index_config holds the SQLite schema and the Elasticsearch index templates.
COPY index_config ./index_config
COPY --from=assets /assets/node_modules/leaflet ./node_modules/leaflet
COPY --from=assets /assets/node_modules/swagger-ui-dist ./node_modules/swagger-ui-dist
RUN pip install --no-cache-dir -e .
ENV THERAPIST_FINDER_HOST=0.0.0.0 THERAPIST_FINDER_STORE=sqlite:////data/directory.db
EXPOSE 8000
CMD ["therapist-finder", "serve"]
