# scenario: 22 flawed-behavioural-workflow
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A multi-step login whose second step can be called directly.
class Session:
    def __init__(self):
        self.password_ok = False
        self.logged_in = False

    def check_password(self, pw):
        self.password_ok = pw == "secret"

    def check_otp(self, otp):
        self.logged_in = otp == "123456"


s = Session()
s.check_otp("123456")
print("logged in without password:", s.logged_in)
