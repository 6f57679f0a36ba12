"""The quiz's views: phones answering (``phone``), the instructor's controls and results
(``teach``), and a rostered student's self-paced quiz and own results (``student``)."""
