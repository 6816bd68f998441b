"""The browser face of assessments: the Assessment and Outcome Star tabs of a case."""
