"""The Scrapy project: spiders discover and fetch; pipelines hand pages to the parser and storage."""
