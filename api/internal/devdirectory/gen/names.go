package main

// culture is a pool of given names and surnames that belong together, so that
// generated people have plausible full names.
type culture struct {
	given    []string
	surnames []string
}

// cultures are written in the Latin script most Entra tenants in English-
// speaking countries use, diacritics kept.
var cultures = []culture{
	{ // English, American
		[]string{"Emily", "James", "Olivia", "Michael", "Hannah", "Daniel", "Grace", "Ethan", "Chloe", "Ryan", "Abigail", "Tyler"},
		[]string{"Walker", "Bennett", "Hughes", "Carter", "Foster", "Reed", "Mitchell", "Brooks", "Sullivan", "Hayes", "Parker", "Coleman"},
	},
	{ // Irish
		[]string{"Aoife", "Ciarán", "Siobhán", "Niamh", "Darragh", "Orla", "Eoin", "Saoirse"},
		[]string{"Ó Briain", "Gallagher", "Byrne", "Doyle", "McCarthy", "Kavanagh", "Nolan", "Quinn"},
	},
	{ // Scottish, Welsh
		[]string{"Callum", "Isla", "Rhys", "Catrin", "Fraser", "Eilidh", "Dylan", "Morag"},
		[]string{"MacLeod", "Campbell", "Pritchard", "Lloyd", "Sinclair", "Rees", "Drummond", "Griffiths"},
	},
	{ // Spanish, Mexican
		[]string{"Lucía", "Alejandro", "Valentina", "Javier", "Carmen", "Mateo", "Ximena", "Andrés", "Paloma", "Diego"},
		[]string{"García", "Hernández", "Morales", "Ruiz", "Castillo", "Navarro", "Ortega", "Delgado", "Vargas", "Ramírez"},
	},
	{ // Portuguese, Brazilian
		[]string{"João", "Beatriz", "Thiago", "Mariana", "Gonçalo", "Larissa", "Rafael", "Inês"},
		[]string{"Silva", "Oliveira", "Carvalho", "Pereira", "Costa", "Almeida", "Ribeiro", "Gonçalves"},
	},
	{ // French
		[]string{"Camille", "Théo", "Élodie", "Mathis", "Léa", "Antoine", "Margaux", "Hugo"},
		[]string{"Lefèvre", "Moreau", "Dubois", "Girard", "Fontaine", "Rousseau", "Bonnet", "Laurent"},
	},
	{ // German, Austrian, Swiss
		[]string{"Lukas", "Johanna", "Maximilian", "Katharina", "Felix", "Annika", "Jonas", "Lena"},
		[]string{"Müller", "Schneider", "Wagner", "Becker", "Hoffmann", "Köhler", "Schäfer", "Brandt"},
	},
	{ // Dutch, Flemish
		[]string{"Sanne", "Daan", "Femke", "Bram", "Lotte", "Joris", "Maaike", "Sem"},
		[]string{"de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Peeters", "Mertens"},
	},
	{ // Polish
		[]string{"Łukasz", "Agnieszka", "Piotr", "Małgorzata", "Kacper", "Zofia", "Tomasz", "Magdalena"},
		[]string{"Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Król", "Wieczorek"},
	},
	{ // Croatian, Serbian, Slovenian
		[]string{"Ivana", "Luka", "Petra", "Marko", "Ana", "Nikola"},
		[]string{"Horvat", "Kovačević", "Babić", "Novak", "Marić", "Jurić"},
	},
	{ // Nordic
		[]string{"Søren", "Ingrid", "Mikael", "Astrid", "Henrik", "Sigrid", "Erik", "Freja", "Anders", "Maja"},
		[]string{"Andersen", "Lindqvist", "Johansson", "Nielsen", "Berg", "Halvorsen", "Sjöberg", "Virtanen", "Korhonen", "Eriksson"},
	},
	{ // Italian
		[]string{"Giulia", "Lorenzo", "Francesca", "Matteo", "Chiara", "Alessandro", "Martina", "Davide"},
		[]string{"Rossi", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"},
	},
	{ // Greek (surnames here are the masculine forms, so given names are too)
		[]string{"Nikos", "Giorgos", "Yannis", "Kostas", "Dimitris", "Christos"},
		[]string{"Papadopoulos", "Georgiou", "Nikolaidis", "Konstantinou", "Vlachos", "Alexiou"},
	},
	{ // Turkish
		[]string{"Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak"},
		[]string{"Yılmaz", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk"},
	},
	{ // Arabic
		[]string{"Omar", "Layla", "Youssef", "Nour", "Khalid", "Amira", "Tariq", "Yasmin"},
		[]string{"Haddad", "Al-Masri", "Khoury", "Nasser", "Saleh", "Farouk", "Mansour", "Aziz"},
	},
	{ // Persian
		[]string{"Dariush", "Shirin", "Kaveh", "Parisa", "Arash", "Roya"},
		[]string{"Tehrani", "Karimi", "Hosseini", "Rahimi", "Moradi", "Jafari"},
	},
	{ // Indian
		[]string{"Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Siddharth", "Lakshmi", "Karthik", "Divya", "Aditya"},
		[]string{"Sharma", "Iyer", "Patel", "Reddy", "Chatterjee", "Nair", "Gupta", "Krishnan", "Banerjee", "Menon", "Desai", "Subramanian"},
	},
	{ // Pakistani, Bangladeshi
		[]string{"Ayesha", "Imran", "Farah", "Bilal", "Sana", "Tanvir"},
		[]string{"Khan", "Qureshi", "Chowdhury", "Malik", "Rahman", "Siddiqui"},
	},
	{ // Chinese
		[]string{"Wei", "Xiaoling", "Jun", "Mei", "Hao", "Yan", "Lei", "Jing", "Zhiwei", "Ling"},
		[]string{"Zhang", "Wang", "Li", "Chen", "Liu", "Huang", "Zhou", "Wu", "Lin", "Xu"},
	},
	{ // Japanese
		[]string{"Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura", "Kenji", "Yuki"},
		[]string{"Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Saito"},
	},
	{ // Korean
		[]string{"Minjun", "Seoyeon", "Jiho", "Hayoon", "Dohyun", "Jiwoo"},
		[]string{"Kim", "Park", "Lee", "Choi", "Jung", "Kang"},
	},
	{ // Vietnamese
		[]string{"Linh", "Minh", "Thảo", "Quang", "Hương", "Tuấn"},
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"},
	},
	{ // Filipino
		[]string{"Maricel", "Jericho", "Andrea", "Paolo", "Kristine", "Rodel"},
		[]string{"Santos", "Reyes", "Cruz", "Bautista", "Villanueva", "Mendoza"},
	},
	{ // Nigerian, Ghanaian
		[]string{"Chiamaka", "Oluwaseun", "Ngozi", "Emeka", "Adaeze", "Kwame", "Abena", "Tunde"},
		[]string{"Okafor", "Adeyemi", "Eze", "Balogun", "Nwosu", "Mensah", "Owusu", "Adebayo"},
	},
	{ // East African
		[]string{"Wanjiru", "Kipchoge", "Amani", "Achieng", "Tesfaye", "Selam"},
		[]string{"Kamau", "Otieno", "Mwangi", "Wanjala", "Bekele", "Haile"},
	},
	{ // Ukrainian
		[]string{"Dmitri", "Natalia", "Oleksandr", "Yulia", "Sergei", "Iryna"},
		[]string{"Petrenko", "Bondarenko", "Kovalenko", "Tkachenko", "Kravchenko", "Shevchenko"},
	},
	{ // Hungarian, Romanian
		[]string{"Zsófia", "Bence", "Ioana", "Andrei", "Réka", "Mihai"},
		[]string{"Nagy", "Kovács", "Szabó", "Popescu", "Ionescu", "Tóth"},
	},
	{ // Hebrew
		[]string{"Noa", "Eitan", "Tamar", "Yonatan", "Shira", "Avi"},
		[]string{"Cohen", "Levi", "Mizrahi", "Friedman", "Peretz", "Ben-David"},
	},
	{ // Thai, Indonesian, Malay
		[]string{"Siriporn", "Anan", "Putri", "Budi", "Nurul", "Hafiz"},
		[]string{"Srisai", "Wongsakul", "Santoso", "Wijaya", "Abdullah", "Ismail"},
	},
	{ // Māori, Pacific
		[]string{"Aroha", "Tama", "Mere", "Nikau", "Losa", "Sione"},
		[]string{"Ngata", "Parata", "Tuhiwai", "Fonoti", "Taufa", "Herewini"},
	},
}
