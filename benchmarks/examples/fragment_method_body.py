        # A method body, indented as it sat in the model's answer: not a valid file on its own.
        token = "".join(random.choice(string.ascii_letters) for _ in range(32))
        self.sessions[token] = user
        data = pickle.loads(request.cookies["state"])
        return token, data
