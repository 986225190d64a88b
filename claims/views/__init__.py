"""Claims pages, by area: claims and reviews, the review queue, speakers, search, corrections."""
