package person

// ContactEmail returns the address to reach the person at: mail, else the
// first of otherMails, else the user principal name. Graph leaves mail empty
// for accounts without a mailbox, such as many guests and service accounts.
func (p *Person) ContactEmail() string {
	if p.Mail != "" {
		return p.Mail
	}
	for _, m := range p.OtherMails {
		if m != "" {
			return m
		}
	}
	return p.UserPrincipalName
}
