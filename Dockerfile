# API image: the search service over the configured store.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY therapist_finder ./therapist_finder
COPY search_api ./search_api
COPY crawler ./crawler
COPY index_config ./index_config
RUN pip install --no-cache-dir -e .
ENV THERAPIST_FINDER_HOST=0.0.0.0 THERAPIST_FINDER_STORE=sqlite:////data/directory.db
EXPOSE 8000
CMD ["therapist-finder", "serve"]
