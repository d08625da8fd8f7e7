"""The demo crawl: bundled fictional sources served on 127.0.0.1, crawled by the real spiders.

`crawler/demo/sources/<name>/` holds each source's fixture files; see
`crawler.demo.run` for how they are served and crawled.
"""
