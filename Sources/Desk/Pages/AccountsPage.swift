import Foundation

/// For admins: every account, its state, and the forms to add, disable and enable one.
struct AccountsPage {
  var layout: Layout
  var accounts: [Account]
  var message: String?
  var now = Date()

  func render() -> HTML {
    let token = layout.staff?.token ?? ""
    let rows = accounts.sorted { $0.name < $1.name }.map { account -> HTML in
      let state =
        account.disabled
        ? "disabled"
        : account.isLocked(at: now) ? "locked until \(Layout.time(account.lockedUntil))" : "active"
      let action = account.disabled || account.isLocked(at: now) ? "enable" : "disable"
      return """
        <tr><th scope="row">\(account.name)</th><td>\(account.role.rawValue)</td><td>\(state)</td>\
        <td>\(Layout.time(account.lastLogin))</td><td>\
        <form method="post" action="/admin/accounts/\(account.name)/\(action)">\
        <input type="hidden" name="token" value="\(token)">\
        <button type="submit">\(action == "enable" ? "Enable" : "Disable") \(account.name)</button></form></td></tr>
        """
    }
    let roles = Account.Role.allCases.map {
      "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" as HTML
    }
    return layout.page(
      "Accounts",
      """
      <h1>Accounts</h1>
      \(message.map { "<p class=\"status\" role=\"status\">\($0)</p>" as HTML } ?? "")
      <div class="scroll" role="region" tabindex="0" aria-label="Accounts"><table class="accounts"><caption>Staff who may use the desk</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th>\
      <th scope="col">Last login</th><th scope="col">Change</th></tr></thead>
      <tbody>\(rows)</tbody></table></div>
      <h2 id="add-heading">Add an account</h2>
      <form method="post" action="/admin/accounts" aria-labelledby="add-heading">
      <input type="hidden" name="token" value="\(token)">
      <p><label for="new-name">Name</label> <input id="new-name" name="name" required autocomplete="off"></p>
      <p><label for="new-role">Role</label> <select id="new-role" name="role">\(roles)</select></p>
      <p><label for="new-password">Password (at least \(AccountBook.minimumPasswordLength) characters)</label> \
      <input id="new-password" name="password" type="password" required autocomplete="new-password" \
      minlength="\(AccountBook.minimumPasswordLength)"></p>
      <p><button type="submit">Add the account</button></p>
      </form>
      """)
  }
}
