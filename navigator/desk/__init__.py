"""The front desk (issue 11): welcome-centre staff run the questionnaire with a visitor, in
the staff's language and the visitor's side by side, and hand over the plan on paper or as
a PDF. Nothing of a session is stored: its state is an encrypted token in the posted forms."""
