/// The login form. What went wrong is said plainly, the same way for a wrong name as for a wrong password.
struct LoginPage {
  var token: String
  var message: String?
  var next: String?

  func render() -> HTML {
    Layout().page(
      "Log in",
      """
      <h1>Log in to the review desk</h1>
      \(message.map { "<p class=\"error\" role=\"alert\" id=\"login-error\">\($0)</p>" as HTML } ?? "")
      <form class="login" method="post" action="/login">
      <input type="hidden" name="token" value="\(token)">
      \(next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0)\">" as HTML } ?? "")
      <p><label for="name">Account name</label>
      <input id="name" name="name" autocomplete="username" required autofocus></p>
      <p><label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required></p>
      <p><button type="submit">Log in</button></p>
      </form>
      """)
  }
}
