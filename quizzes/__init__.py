"""The daily quiz: questions answered on phones, results on the projector."""
