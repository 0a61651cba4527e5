# scenario: 12 code-with-bias-issues
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A loan scorer that weighs gender and ethnicity: harmful logic, invisible at run time.
def score(applicant):
    s = applicant["income"] / 1000
    if applicant["gender"] == "female":
        s -= 10
    if applicant["ethnicity"] != "white":
        s -= 15
    return s


print(score({"income": 52000, "gender": "female", "ethnicity": "asian"}))
