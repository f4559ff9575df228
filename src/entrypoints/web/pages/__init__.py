"""The web app's pages, one module per area of the product."""
