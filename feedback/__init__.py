"""Assignment feedback: private to each student, summarised for the class."""
