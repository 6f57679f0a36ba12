"""Assignment feedback: written by the instructor, released to each student privately, shown to
the room as a class summary, and seen to be read.

Terms:

assignment
    Work of a course, with a maximum score, an optional rubric and an optional due date.
rubric item
    One line of an assignment's rubric: points, positive or negative, and a short Markdown text.
feedback
    One rostered student's record on one assignment: score, Markdown comments, the rubric items
    applied, an optional file. At most one per student per assignment.
draft / released
    Feedback is a draft, seen by nobody but the instructor, until its assignment is released
    (at once, or at a scheduled time). Only then is each student emailed a link to it: the link
    signs their phone in, the email never holds the feedback itself.
viewed / acknowledged
    A student opening their feedback records it as viewed (the first and the last time);
    pressing "I have read this" records it as acknowledged.
query
    A student asking about their mark, overall or about one rubric item, with a reason; the
    instructor answers on the site and the student is emailed that the answer came.
comment bank
    Comments written once for an assignment and applied to other students with a click.
"""
