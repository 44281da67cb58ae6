"""The Scrapy project: spiders discover and fetch; pipelines pass pages to parser and storage."""
