# API image: the search service over the configured store (THERAPIST_FINDER_STORE).
# The default is the embedded SQLite store in /data; docker-compose.yml points it
# at Elasticsearch instead. Also used for the crawler and loader jobs.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY therapist_finder ./therapist_finder
COPY search_api ./search_api
COPY crawler ./crawler
# index_config/elasticsearch holds the index templates the store uploads on start.
COPY index_config ./index_config
RUN pip install --no-cache-dir -e .
ENV THERAPIST_FINDER_HOST=0.0.0.0 THERAPIST_FINDER_STORE=sqlite:////data/directory.db
EXPOSE 8000
CMD ["therapist-finder", "serve"]
