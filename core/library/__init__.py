"""The library-record base: what every published record app (demands, achievements, platforms …)
shares — the abstract model with owner, contact masking and publish stamp (`models`), its
workflow pieces (`workflow`), page views (`views`), forms, filters, serializers and the capped
pagination. An app subclasses these with its model, form, filter and templates."""
